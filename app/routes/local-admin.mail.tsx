// GET /local-admin/mail: the mails the local demo's SMTP catcher received (loopback app URL only; 404 otherwise).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { demoMailPage } from "../local-admin/demo-mail.server";

export const loader = async ({ request }: LoaderFunctionArgs) => demoMailPage(request);
