/** The end-of-run scan finds a test patient's fødselsnummer in a log, and only a noted one. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { skannHemmeligheter, skannLogger } from '../helpers/logg';

test('a noted fødselsnummer in any log file is found; other 11-digit numbers are not', () => {
  const m = fs.mkdtempSync(path.join(os.tmpdir(), 'logg-skann-'));
  try {
    fs.writeFileSync(path.join(m, 'fnr-1.txt'), '15035210072\n01017012345\n');
    fs.writeFileSync(path.join(m, 'api-1.log'), '{"msg":"http","path":"/api/v1/forlop"}\n{"ms":12345678901}\n');
    expect(skannLogger(m)).toEqual({ funn: [], filer: 1, linjer: 2, fnr: 2, navn: 0 });
    fs.writeFileSync(path.join(m, 'temporal-2.log'), '{"message":"feil for 15035210072"}\n');
    expect(skannLogger(m).funn).toEqual([['15035210072', 'temporal-2.log']]);
    // A noted patient name is found too.
    fs.writeFileSync(path.join(m, 'navn-3.txt'), 'Solveigxqz\nNordvikxqz\n');
    fs.writeFileSync(path.join(m, 'api-3.log'), '{"msg":"pasient Solveigxqz"}\n');
    expect([...skannLogger(m).funn].sort()).toEqual([
      ['15035210072', 'temporal-2.log'],
      ['Solveigxqz', 'api-3.log'],
    ]);
    expect(skannLogger(m).navn).toBe(2);
  } finally {
    fs.rmSync(m, { recursive: true, force: true });
  }
});

test('a noted private key in any log file is found, and the finding names the file, not the key', () => {
  const m = fs.mkdtempSync(path.join(os.tmpdir(), 'logg-skann-'));
  try {
    fs.writeFileSync(path.join(m, 'hemmelighet-1.txt'), 'dGhpcy1pcy1ub3QtYS1yZWFsLWtleQ\n');
    fs.writeFileSync(path.join(m, 'api-1.log'), '{"msg":"http","path":"/api/v1/forlop"}\n');
    expect(skannHemmeligheter(m)).toEqual({ funn: [], hemmeligheter: 1 });
    fs.writeFileSync(path.join(m, 'temporal-2.log'), '{"message":"key {\\"d\\":\\"dGhpcy1pcy1ub3QtYS1yZWFsLWtleQ\\"}"}\n');
    expect(skannHemmeligheter(m)).toEqual({ funn: ['temporal-2.log'], hemmeligheter: 1 });
  } finally {
    fs.rmSync(m, { recursive: true, force: true });
  }
});
