/**
 * Every committed history of an earlier release replays on today's workflow code. A change to
 * the workflow's commands that is not behind a patch (workflow `patched()`) fails here, before
 * a deploy strands the forløp in flight. New fixtures: `npm run record-histories` on a release.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { lagDataConverter } from '../../config/payload-codec';
import { workflowBundle } from '../../scripts/worker';
import { FIXTURE_MAPPE, FIXTURE_NOKKEL } from './fixtures';

const fixtures = fs.readdirSync(FIXTURE_MAPPE).flatMap((versjon) =>
  fs
    .readdirSync(path.join(FIXTURE_MAPPE, versjon))
    .filter((f) => f.endsWith('.json'))
    .map((f) => [versjon, f] as const),
);

test('there are recorded histories to replay', () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(5);
});

test.each(fixtures)('release %s: %s replays without non-determinism', async (versjon, fil) => {
  const historikk: unknown = JSON.parse(fs.readFileSync(path.join(FIXTURE_MAPPE, versjon, fil), 'utf8'));
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: lagDataConverter(FIXTURE_NOKKEL) }, historikk, `replay-${fil}`);
});
