using System.Collections.Immutable;
using ModelGen.Tests.Infrastructure;

namespace ModelGen.Tests.Docs;

/// <summary>
/// One fenced code block of a Markdown file: where it is, what its info string says, its text,
/// and the <c>## </c> heading it sits under.
/// </summary>
/// <param name="File">The Markdown file, relative to the repository root, with forward slashes.</param>
/// <param name="FenceLine">The 1-based line of the opening fence: what every failure names.</param>
/// <param name="Language">The info string's first word (<c>csharp</c>, <c>sh</c>, ...), or "".</param>
/// <param name="Tags">The info string's other words (<c>excerpt</c>, <c>error</c>).</param>
/// <param name="Code">The lines between the fences, without the fence's own indentation.</param>
/// <param name="Section">The last <c>## </c> heading above the block, without the hashes; "" if none.</param>
public sealed record MarkdownCodeBlock(string File, int FenceLine, string Language, ImmutableArray<string> Tags, string Code, string Section)
{
    /// <summary>The block's name in test cases and failures: <c>README.md:42</c>.</summary>
    public string Id => $"{File}:{FenceLine}";

    /// <summary>The 1-based line in the Markdown file of the code's line <paramref name="codeLine"/> (0-based).</summary>
    public int FileLine(int codeLine) => FenceLine + 1 + codeLine;

    public bool Has(string tag) => Tags.Contains(tag);
}

/// <summary>
/// Finds fenced code blocks the way CommonMark does for the documents of this repository:
/// an opening fence is three or more backticks or tildes, indented or not (a fence inside a list
/// item is indented); it closes at the first line that is only the same character, at least as
/// many times. A fence that never closes runs to the end of the file, as CommonMark says.
/// </summary>
public static class MarkdownCodeBlocks
{
    /// <summary>README.md and every Markdown file under docs/, in a stable order.</summary>
    public static ImmutableArray<string> Documents()
    {
        var docs = Directory.GetFiles(RepositoryRoot.File("docs"), "*.md", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepositoryRoot.Path, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        return ["README.md", .. docs];
    }

    public static ImmutableArray<MarkdownCodeBlock> Read(string relativePath) =>
        Parse(relativePath, File.ReadAllText(RepositoryRoot.File(relativePath.Split('/'))));

    public static ImmutableArray<MarkdownCodeBlock> Parse(string file, string markdown)
    {
        string[] lines = markdown.Replace("\r\n", "\n").Split('\n');
        var blocks = ImmutableArray.CreateBuilder<MarkdownCodeBlock>();
        string section = "";
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = line[3..].Trim();
                continue;
            }
            if (!IsFence(line, out int indent, out char fenceChar, out int fenceLength, out string info)) continue;

            int open = i;
            var code = new List<string>();
            for (i++; i < lines.Length && !Closes(lines[i], fenceChar, fenceLength); i++)
                code.Add(Unindent(lines[i], indent));

            string[] words = info.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            blocks.Add(new MarkdownCodeBlock(
                file, open + 1,
                words.Length > 0 ? words[0] : "",
                [.. words.Skip(1)],
                string.Join("\n", code),
                section));
        }
        return blocks.ToImmutable();
    }

    private static bool IsFence(string line, out int indent, out char fenceChar, out int length, out string info)
    {
        indent = line.Length - line.TrimStart(' ').Length;
        string rest = line[indent..];
        fenceChar = rest.Length > 0 ? rest[0] : '\0';
        length = 0;
        info = "";
        if (fenceChar is not ('`' or '~')) return false;
        while (length < rest.Length && rest[length] == fenceChar) length++;
        if (length < 3) return false;
        info = rest[length..].Trim();
        // A backtick fence's info string may not contain a backtick (that is inline code).
        return !(fenceChar == '`' && info.Contains('`', StringComparison.Ordinal));
    }

    private static bool Closes(string line, char fenceChar, int length)
    {
        string trimmed = line.Trim();
        return trimmed.Length >= length && trimmed.All(c => c == fenceChar);
    }

    private static string Unindent(string line, int indent)
    {
        int spaces = 0;
        while (spaces < indent && spaces < line.Length && line[spaces] == ' ') spaces++;
        return line[spaces..];
    }
}
