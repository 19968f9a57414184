// GET /local-storefront/assets/<file>: the theme app extension's assets, as the preview's asset_url names them.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { serveExtensionAsset } from "../storefront-preview/preview.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => serveExtensionAsset(request, params.file ?? "");
