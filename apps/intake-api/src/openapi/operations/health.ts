import type { OperationSpec } from "../operation";
import { Health, Readiness } from "../schemas";

export const healthOperations: OperationSpec[] = [
  {
    method: "get",
    path: "/healthz",
    operationId: "healthz",
    summary: "The process is up",
    tag: "operations",
    access: "public",
    responses: { 200: { description: "up", schema: Health } },
  },
  {
    method: "get",
    path: "/readyz",
    operationId: "readyz",
    summary: "Redis answers: deployments can be taken",
    tag: "operations",
    access: "public",
    responses: {
      200: { description: "ready", schema: Readiness },
      503: { description: "Redis unreachable", schema: Readiness },
    },
  },
  {
    method: "get",
    path: "/metrics",
    operationId: "metrics",
    summary: "Queue depths and deployment totals in Prometheus text",
    tag: "operations",
    access: "public",
    responses: {
      200: { description: "Prometheus exposition format", contentType: "text/plain; version=0.0.4" },
    },
  },
  {
    method: "get",
    path: "/openapi.json",
    operationId: "openapi",
    summary: "This document",
    tag: "operations",
    access: "public",
    responses: { 200: { description: "OpenAPI 3.1" } },
  },
  {
    method: "get",
    path: "/docs",
    operationId: "docs",
    summary: "This document as an HTML page",
    tag: "operations",
    access: "public",
    responses: { 200: { description: "HTML", contentType: "text/html" } },
  },
];
