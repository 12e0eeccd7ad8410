export {
  DEFAULT_PAGE_LIMIT,
  listAll,
  MAX_PAGE_LIMIT,
  type PageOptions,
  type PagingHttp,
  paginate,
} from "./paginate";
