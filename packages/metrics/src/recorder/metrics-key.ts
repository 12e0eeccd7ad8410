/** The one Redis hash every process adds its counters to: field = series, value = running total. */
export const metricsKey = (prefix: string): string => `${prefix}:metrics`;
