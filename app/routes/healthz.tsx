// Liveness for load balancers: 200 when the database answers, 503 otherwise.
import { getSql } from "../db.server";

export const loader = async () => {
  try {
    await getSql().get("SELECT 1 AS ok");
    return Response.json({ status: "ok", database: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return Response.json(
      { status: "error", database: (error as Error).message },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
};
