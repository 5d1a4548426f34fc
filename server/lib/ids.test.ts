import { describe, expect, it } from 'vitest';
import { newId, newIds } from './ids.js';

describe('ids', () => {
  it('drawn in bulk look like single ids and are all different', () => {
    const ids = newIds('usageEvent', 500);
    expect(ids).toHaveLength(500);
    expect(new Set(ids).size).toBe(500);
    const single = newId('usageEvent');
    for (const id of ids) {
      expect(id).toMatch(/^ue_[0-9a-hjkmnp-tv-z]{26}$/);
      expect(id.length).toBe(single.length);
    }
  });
});
