import { Box, InlineStack, Pagination } from "@shopify/polaris";

/** Server-side pages of a list: previous/next links and "page n of m"; nothing for one page. */
export function ListPagination({
  page,
  pages,
  url,
  label,
}: {
  page: number;
  pages: number;
  url: (page: number) => string;
  label: string;
}) {
  if (pages <= 1) return null;
  return (
    <Box padding="300">
      <InlineStack align="center">
        <Pagination
          hasPrevious={page > 1}
          previousURL={url(page - 1)}
          hasNext={page < pages}
          nextURL={url(page + 1)}
          label={label}
        />
      </InlineStack>
    </Box>
  );
}
