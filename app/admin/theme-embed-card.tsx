// The overview's onboarding card: whether Kanta's storefront launcher (the app embed) is on in the
// live theme, a link straight to the theme editor with it switched on, and where the other blocks go.
import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useI18n } from "../i18n/react";
import type { EmbedState } from "./theme-embed";

export type ThemeEmbedCardProps = { state: EmbedState; themeName: string | null; editorUrl: string };

const TONES = { active: "success", inactive: "attention", unknown: undefined } as const;

export function ThemeEmbedCard({ state, themeName, editorUrl }: ThemeEmbedCardProps) {
  const { t } = useI18n();
  const badge = { active: t("overview.embed.badgeActive"), inactive: t("overview.embed.badgeInactive"), unknown: t("overview.embed.badgeUnknown") }[state];
  const body = { active: t("overview.embed.active"), inactive: t("overview.embed.inactive"), unknown: t("overview.embed.unknown") }[state];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t("overview.embed.title")}
          </Text>
          <Badge tone={TONES[state]}>{badge}</Badge>
        </InlineStack>
        <Text as="p">{body}</Text>
        {themeName ? (
          <Text as="p" tone="subdued">
            {t("overview.embed.theme", { name: themeName })}
          </Text>
        ) : null}
        <InlineStack>
          <Button url={editorUrl} target="_blank" variant={state === "active" ? "secondary" : "primary"}>
            {state === "active" ? t("overview.embed.openEditor") : t("overview.embed.activate")}
          </Button>
        </InlineStack>
        <Text as="p" tone="subdued">
          {t("overview.embed.vintage")}
        </Text>
        <Text as="p" tone="subdued">
          {t("overview.embed.blocks")}
        </Text>
      </BlockStack>
    </Card>
  );
}
