/** What a facility's job report prints for an energy: kWh, and CO₂ and cost where the user gives the factors. */
export interface EnergyFootprint {
  /** Kilowatt-hours. */
  kWh: number;
  /** Grams of CO₂ at `gridGco2PerKwh`, or null without it. */
  co2Grams: number | null;
  /** Cost at `pricePerKwh` (in the user's currency), or null without it. */
  cost: number | null;
  /** The factors used (null where not given). */
  gridGco2PerKwh: number | null;
  pricePerKwh: number | null;
}

export interface FootprintOptions {
  /** Grid carbon intensity, grams of CO₂ per kWh (the user's grid or its published average). */
  gridGco2PerKwh?: number;
  /** Electricity price per kWh, in the user's currency. */
  pricePerKwh?: number;
}

/**
 * The footprint of `joules` of GPU energy. Only GPU board power is logged: the host, memory outside
 * the GPU, cooling and PUE are not in it.
 *
 * @example energyFootprint(7_420, { gridGco2PerKwh: 400, pricePerKwh: 0.25 })
 * // { kWh: 0.0020611, co2Grams: 0.82444, cost: 0.00051528, gridGco2PerKwh: 400, pricePerKwh: 0.25 } (rounded here)
 */
export function energyFootprint(joules: number, options: FootprintOptions = {}): EnergyFootprint {
  const kWh = joules / 3.6e6;
  const g = options.gridGco2PerKwh ?? null;
  const p = options.pricePerKwh ?? null;
  return { kWh, co2Grams: g === null ? null : kWh * g, cost: p === null ? null : kWh * p, gridGco2PerKwh: g, pricePerKwh: p };
}
