import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

// What Remix hands a route's loader or action, for calling routes directly with a real Request.
export function routeArgs(request: Request): LoaderFunctionArgs & ActionFunctionArgs {
  return { request, params: {}, context: {} };
}
