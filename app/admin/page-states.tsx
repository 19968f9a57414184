// What every admin page shows besides its content: a skeleton while another page loads, and an
// error page (Polaris Banner) for a refused request or an unexpected failure.
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Page, SkeletonBodyText, SkeletonDisplayText, SkeletonPage } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import type { MessageKey } from "../i18n/i18n";
import { useI18n } from "../i18n/react";

/** Shown by the app shell while the next page's data loads. */
export function PageSkeleton() {
  return (
    <SkeletonPage primaryAction>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <SkeletonDisplayText size="small" />
              <SkeletonBodyText lines={4} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <SkeletonBodyText lines={6} />
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}

type ErrorPageProps = {
  /** The page's title. */
  title: MessageKey;
  back?: { content: MessageKey; url: string };
};

/**
 * A page's ErrorBoundary: a refused request (4xx with `{ error }`) shows its message, an
 * unexpected failure a generic one; Shopify's authentication responses are left to the library.
 */
export function AdminErrorPage({ title, back }: ErrorPageProps) {
  const error = useRouteError();
  const { t } = useI18n();
  const backAction = back ? { content: t(back.content), url: back.url } : undefined;
  if (isRouteErrorResponse(error)) {
    const message = typeof error.data?.error === "string" ? (error.data.error as string) : null;
    if (message && error.status >= 400 && error.status < 500) {
      return (
        <Page title={t(title)} backAction={backAction}>
          <Banner tone="warning" title={error.status === 404 ? t("errors.notFound") : t("errors.refused")}>
            <p>{message}</p>
          </Banner>
        </Page>
      );
    }
    if (error.status < 500) return boundary.error(error);
  }
  return (
    <Page title={t(title)} backAction={backAction}>
      <Banner tone="critical" title={t("errors.unexpected.title")} action={{ content: t("errors.reload"), onAction: () => window.location.reload() }}>
        <p>{t("errors.unexpected.body")}</p>
      </Banner>
    </Page>
  );
}

type PagerProps = {
  /** Back to the first page (disabled when already there). */
  first: { url: string; label: string; disabled: boolean };
  /** The next page (disabled when there is none). */
  next: { url: string; label: string; disabled: boolean };
};

/** The forward-only pager under a keyset-paged list; hidden when everything fits on one page. */
export function ListPager({ first, next }: PagerProps) {
  if (first.disabled && next.disabled) return null;
  return (
    <div style={{ padding: "var(--p-space-300)" }}>
      <InlineStack gap="200" align="center">
        <Button url={first.url} disabled={first.disabled}>
          {first.label}
        </Button>
        <Button url={next.url} disabled={next.disabled}>
          {next.label}
        </Button>
      </InlineStack>
    </div>
  );
}
