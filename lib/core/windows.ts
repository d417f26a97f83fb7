export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Minutes-of-week intervals of a daily window (repeated every day) or a weekly one. */
export function windowMinutes(window: string): Array<[number, number]> {
  const weekly = /^(\w{3}):(\d\d):(\d\d)-(\w{3}):(\d\d):(\d\d)$/.exec(window);
  if (weekly) {
    const start = DAYS.indexOf(weekly[1]) * 1440 + Number(weekly[2]) * 60 + Number(weekly[3]);
    let end = DAYS.indexOf(weekly[4]) * 1440 + Number(weekly[5]) * 60 + Number(weekly[6]);
    if (end <= start) end += 7 * 1440;
    return [
      [start, end],
      [start - 7 * 1440, end - 7 * 1440],
    ];
  }
  const daily = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(window);
  if (!daily) return [];
  const s = Number(daily[1]) * 60 + Number(daily[2]);
  let e = Number(daily[3]) * 60 + Number(daily[4]);
  if (e <= s) e += 1440;
  return DAYS.map((_, d) => [d * 1440 + s, d * 1440 + e] as [number, number]);
}

export function overlaps(a: Array<[number, number]>, b: Array<[number, number]>): boolean {
  return a.some(([s1, e1]) => b.some(([s2, e2]) => s1 < e2 && s2 < e1));
}
