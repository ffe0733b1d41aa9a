/**
 * Error shapes. Shopify runs graphql-ruby; graphql-js messages are rewritten
 * to graphql-ruby's for the common cases (see graphql.ts for the list).
 */
import type { GraphQLError, GraphQLFormattedError, OperationDefinitionNode } from "graphql";

export function parseErrorMessage(error: GraphQLError): string {
  const found = /found (.+?)\.?$/.exec(error.message)?.[1];
  const loc = error.locations?.[0];
  const where = loc ? ` at [${loc.line}, ${loc.column}]` : "";
  return found
    ? `Parse error on ${found}${where}`
    : `${error.message.replace(/^Syntax Error: /, "Parse error: ")}${where}`;
}

/** graphql-js validation messages → graphql-ruby's (what Shopify returns). */
export function validationError(error: GraphQLError): GraphQLFormattedError {
  const locations = error.locations ? [...error.locations] : undefined;
  let m: RegExpExecArray | null;
  if ((m = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(error.message))) {
    return {
      message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      locations,
      extensions: { code: "undefinedField", typeName: m[2], fieldName: m[1] },
    };
  }
  if ((m = /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"/.exec(error.message))) {
    return {
      message: `Field '${m[3]}' doesn't accept argument '${m[1]}'`,
      locations,
      extensions: {
        code: "argumentNotAccepted",
        name: m[3],
        typeName: "Field",
        argumentName: m[1],
      },
    };
  }
  if ((m = /^Field "(\w+)" argument "(\w+)" of type "([^"]+)" is required/.exec(error.message))) {
    return {
      message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
      locations,
      extensions: {
        code: "missingRequiredArguments",
        className: "Field",
        name: m[1],
        arguments: m[2],
      },
    };
  }
  if (
    (m = /^Field "(\w+)" of type "([^"]+)" must have a selection of subfields/.exec(error.message))
  ) {
    const type = m[2]!.replace(/[![\]]/g, "");
    return {
      message: `Field must have selections (field '${m[1]}' returns ${type} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      locations,
      extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: type },
    };
  }
  if ((m = /^Variable "\$(\w+)" is never used/.exec(error.message))) {
    return {
      message: `Variable $${m[1]} is declared but not used`,
      locations,
      extensions: { code: "variableNotUsed", variableName: m[1] },
    };
  }
  return { message: error.message, locations, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } };
}

export function variableErrors(
  errors: readonly GraphQLError[],
  op: OperationDefinitionNode,
  inputs: Record<string, unknown>,
): GraphQLFormattedError[] {
  return errors.map((e) => {
    const def = op.variableDefinitions?.find((d) =>
      e.message.includes(`"$${d.variable.name.value}"`),
    );
    if (!def) return { message: e.message, extensions: { code: "INVALID_VARIABLE" } };
    const name = def.variable.name.value;
    const typeText = e.message.match(/of (?:required |non-null )?type "([^"]+)"/)?.[1] ?? "";
    return {
      message: `Variable $${name} of type ${typeText} was provided invalid value`,
      locations: [{ line: def.loc?.startToken.line ?? 1, column: def.loc?.startToken.column ?? 1 }],
      extensions: { value: inputs[name] ?? null, problems: [{ path: [], explanation: e.message }] },
    };
  });
}
