import {
  BlockStack,
  Card,
  Layout,
  Page,
  SkeletonBodyText,
  SkeletonDisplayText,
} from "@shopify/polaris";

// Shown while a navigation between the jobs pages loads, in the next page's
// shape. A plain Page rather than SkeletonPage: the title is App Bridge's, in
// the admin's title bar, so a skeleton title would shift the page when it loads.

export function JobListSkeleton() {
  return (
    <Page>
      <Card>
        <SkeletonBodyText lines={8} />
      </Card>
    </Page>
  );
}

export function JobDetailSkeleton() {
  return (
    <Page>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <SkeletonDisplayText size="small" />
              <SkeletonBodyText lines={5} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <SkeletonBodyText lines={6} />
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <SkeletonBodyText lines={8} />
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
