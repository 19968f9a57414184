// The app's public landing: Shopify opens the app inside the admin; a direct visit explains that.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
};

export default function Index() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "4rem auto", lineHeight: 1.5 }}>
      <h1>Kanta</h1>
      <p>Loyalty and retention for Shopify stores: exact points, VIP tiers, rewards and win-back flows.</p>
      <p>Install Kanta from the Shopify App Store and open it from your store admin.</p>
    </main>
  );
}
