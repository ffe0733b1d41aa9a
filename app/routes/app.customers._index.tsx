import type { LoaderFunctionArgs } from "@remix-run/node";
import { AreaPage } from "../components/AreaPage";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return null;
};

export default function Customers() {
  return <AreaPage area="customers" />;
}
