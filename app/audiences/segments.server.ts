/** What the audience builder offers: the store's saved segments and its customer tags. */
type Admin = { graphql: (query: string) => Promise<Response> };

const SEGMENTS = `#graphql
  query PatronSegments {
    segments(first: 100) { nodes { id name } }
  }`;

const TAGS = `#graphql
  query PatronCustomerTagNames {
    shop { customerTags(first: 250) { nodes } }
  }`;

export async function listSegments(admin: Admin): Promise<{ id: string; name: string }[]> {
  const body = (await (await admin.graphql(SEGMENTS)).json()) as {
    data?: { segments: { nodes: { id: string; name: string }[] } };
  };
  return body.data?.segments.nodes ?? [];
}

export async function storeCustomerTags(admin: Admin): Promise<string[]> {
  const body = (await (await admin.graphql(TAGS)).json()) as {
    data?: { shop: { customerTags: { nodes: string[] } } };
  };
  return body.data?.shop.customerTags.nodes ?? [];
}
