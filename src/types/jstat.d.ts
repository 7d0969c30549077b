declare module 'jstat' {
  /** The one part of jStat this project uses: Student's t distribution (jstat is CommonJS: a default import). */
  const jstat: { jStat: { studentt: { cdf(x: number, dof: number): number } } };
  export default jstat;
}
