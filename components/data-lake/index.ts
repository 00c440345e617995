export * from "./data-lake";
export * from "./args";
export * from "./lifecycle";
export * from "./sizing";
export * from "./bucket";
export * from "./catalog";
export * from "./athena";
