import { strict as assert } from 'node:assert';
import type { WatermarkRepository } from '../../../src/ingest/watermark-repository.js';
import { freshState, type StateFactory } from './state-fixture.js';

/** The WatermarkRepository contract: one durable value, undefined until first set. */
export function watermarkRepositoryContract(name: string, factory: StateFactory<WatermarkRepository>): void {
  describe(`WatermarkRepository contract: ${name}`, () => {
    const state = freshState(factory);

    it('has no watermark before the first is set', async () => {
      assert.equal(await state.repo.get(), undefined);
      assert.equal(await (await state.fixture.reopen()).get(), undefined);
    });

    it('keeps the latest watermark, exactly as given (seven fraction digits included), across a reopen', async () => {
      await state.repo.set('2026-03-10T11:00:00.1234567Z');
      await state.repo.set('2026-03-10T12:00:00.7654321Z');
      assert.equal(await state.repo.get(), '2026-03-10T12:00:00.7654321Z');
      assert.equal(await (await state.fixture.reopen()).get(), '2026-03-10T12:00:00.7654321Z');
    });
  });
}
