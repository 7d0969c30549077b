import { DateTime } from 'luxon';

/**
 * An instant as the wall clock of `zone` shows it, `YYYY-MM-DD HH:MM:SS`: the log's own clock
 * when `zone` is the zone the log was written in (`--tz`).
 *
 * @example wallClock('2026-11-23T07:58:49.000Z', 'Australia/Melbourne') // '2026-11-23 18:58:49'
 */
export function wallClock(iso: string, zone: string): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') return iso.replace('T', ' ').slice(0, 19);
  const t = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return t.isValid ? t.toFormat('yyyy-MM-dd HH:mm:ss') : iso.replace('T', ' ').slice(0, 19);
}
