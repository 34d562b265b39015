// VS Code (extension unifiedjs.vscode-remark) and `npx remark` read this: the front matter of every
// Markdown file is checked against the JSON Schema of its kind, made from the same models as the
// build (`make schema`). tests/test_workflow.py runs remark with this file on real and broken files.
import remarkFrontmatter from "remark-frontmatter";
import remarkLintFrontmatterSchema from "remark-lint-frontmatter-schema";

export default {
  plugins: [
    remarkFrontmatter,
    [
      remarkLintFrontmatterSchema,
      {
        schemas: {
          "./schemas/verhaal.schema.json": ["stories/*.md"],
          "./schemas/aflevering.schema.json": ["podcast/episodes/*.md"],
          "./schemas/manifest.schema.json": ["manifests/*.md"],
          "./schemas/pagina.schema.json": ["docs/**/*.md"],
        },
      },
    ],
  ],
};
