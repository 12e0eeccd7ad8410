export { deviceprofileAssignRoutes } from "./assign-routes";
export { DEVICEPROFILE_SPEC } from "./deviceprofile-spec";
