/** Where a webhook may point: the address rules, IPv4 and IPv6, and the URL rules per policy. */
import { erSperretAdresse, sjekkWebhookUrl, webhookPolicy } from '../../activities/webhook-adresse';

test.each([
  '127.0.0.1',
  '127.255.0.9',
  '10.0.0.1',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.1.1',
  '169.254.169.254',
  '100.64.0.1',
  '0.0.0.0',
  '224.0.0.1',
  '255.255.255.255',
  '::1',
  '::',
  'fe80::1',
  'fd12:3456::1',
  'ff02::1',
  '::ffff:127.0.0.1',
  '::ffff:10.0.0.1',
  'ikke-en-adresse',
])('%s is refused', (a) => {
  expect(erSperretAdresse(a)).toBe(true);
});

test.each(['93.184.215.14', '172.32.0.1', '8.8.8.8', '2a00:1450:4001:80b::200e', '::ffff:93.184.215.14'])('%s is allowed', (a) => {
  expect(erSperretAdresse(a)).toBe(false);
});

const STRENG = { kreverHttps: true, tillatPrivateAdresser: false };
const UTVIKLING = { kreverHttps: false, tillatPrivateAdresser: false };
const TEST = { kreverHttps: false, tillatPrivateAdresser: true };

test('production takes https only; elsewhere http too', async () => {
  expect(await sjekkWebhookUrl('http://93.184.215.14/x', STRENG)).toBe('må være en https-URL');
  expect(await sjekkWebhookUrl('https://93.184.215.14/x', STRENG)).toBeNull();
  expect(await sjekkWebhookUrl('http://93.184.215.14/x', UTVIKLING)).toBeNull();
  expect(await sjekkWebhookUrl('ftp://93.184.215.14/x', UTVIKLING)).toBe('må være en absolutt http- eller https-URL');
});

test('an internal address, as a literal or in brackets, is refused unless the policy allows it', async () => {
  for (const url of ['https://127.0.0.1/x', 'https://[::1]:8443/x', 'https://169.254.169.254/', 'https://[::ffff:10.0.0.1]/']) {
    expect(await sjekkWebhookUrl(url, STRENG)).toMatch(/intern adresse/);
    expect(await sjekkWebhookUrl(url, { ...TEST, kreverHttps: true })).toBeNull();
  }
});

test('credentials in the URL are refused', async () => {
  expect(await sjekkWebhookUrl('https://bruker:passord@93.184.215.14/x', STRENG)).toBe('kan ikke inneholde brukernavn eller passord');
});

test('the policy from the environment: https in production, private addresses only when configured', () => {
  expect(webhookPolicy({ NODE_ENV: 'production' })).toEqual({ kreverHttps: true, tillatPrivateAdresser: false });
  expect(webhookPolicy({})).toEqual({ kreverHttps: false, tillatPrivateAdresser: false });
  expect(webhookPolicy({ WEBHOOK_TILLAT_PRIVATE_ADRESSER: 'true' })).toEqual({ kreverHttps: false, tillatPrivateAdresser: true });
});
