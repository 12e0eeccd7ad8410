export { escapeLabelValue, type Labels, seriesKey } from "./series-key";
