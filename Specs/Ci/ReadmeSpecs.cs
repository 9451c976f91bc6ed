using System.Text.RegularExpressions;

namespace ImServerTests.Specs.Ci;

/// <summary>
/// The README is the front door: short, the two commands and how to add a case within its first screenful, a layout
/// that matches the repository's folders in both directions, and no link, there or in docs/, to a file that is not there.
/// </summary>
[AllureEpic("Build and CI")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("The README")]
public sealed partial class ReadmeSpecs
{
    private const int MaxLines = 200;
    private const int FrontLines = 100;
    private const string LayoutHeading = "## Layout";
    private const string QuickStartHeading = "## Quick start";

    private static readonly string Root = RepositoryRoot.Find();
    private static readonly string[] Commands = ["dotnet test TestCases --filter TestCategory=ImServer", "dotnet test"];
    private static readonly string[] AddACase = ["Add a case in C#", "Add a case in YAML"];

    // Outputs of builds and tools that .gitignore may not list; .gitignore adds the rest.
    private static readonly string[] AlwaysIgnored = ["bin", "obj", "node_modules", "TestResults", "allure-*", "contract-docs", "StrykerOutput"];

    [Test]
    public void The_layout_section_names_every_top_level_folder_and_only_those()
    {
        var named = LayoutFolders(ReadmeLines());
        var present = TopLevelFolders();
        var undescribed = present.Except(named, StringComparer.Ordinal).ToList();
        var absent = named.Except(present, StringComparer.Ordinal).ToList();

        using (new AssertionScope())
        {
            named.Should().NotBeEmpty("README.md needs a '{0}' section whose code block starts a line with each top-level folder, as 'Config/'", LayoutHeading);
            undescribed.Should().BeEmpty("every top-level folder of the repository must be described in README.md's '{0}' section, and these are not: {1}",
                LayoutHeading, string.Join(", ", undescribed));
            absent.Should().BeEmpty("every folder README.md's '{0}' section names must exist at the repository root, and these do not: {1}",
                LayoutHeading, string.Join(", ", absent));
        }
    }

    [Test]
    public void The_README_is_short_and_its_first_lines_hold_the_two_commands_and_how_to_add_a_case()
    {
        var lines = ReadmeLines();
        var front = lines.Take(FrontLines).ToList();

        using (new AssertionScope())
        {
            lines.Should().HaveCountLessThanOrEqualTo(MaxLines, "README.md is a front door of at most {0} lines; the rest belongs on a docs/ page", MaxLines);
            QuickStartBlock(front).Should().Equal(Commands,
                "the first {0} lines of README.md hold a '{1}' heading followed by one code block of exactly the two commands", FrontLines, QuickStartHeading);
            foreach (var heading in AddACase)
            {
                front.Should().Contain(line => Heading().IsMatch(line) && Heading().Match(line).Groups["text"].Value.StartsWith(heading, StringComparison.OrdinalIgnoreCase),
                    "the first {0} lines of README.md have a section that starts '{1}'", FrontLines, heading);
            }
        }
    }

    [Test]
    public void Every_relative_link_of_the_README_and_the_docs_points_at_a_file_that_exists()
    {
        var pages = new[] { Path.Combine(Root, "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Order(StringComparer.Ordinal))
            .ToList();

        var broken = pages.SelectMany(BrokenLinks).ToList();

        broken.Should().BeEmpty("every relative link of README.md and docs/*.md must point at a file of the repository, and these point at nothing:{0}{1}{0}",
            Environment.NewLine, string.Join(Environment.NewLine, broken));
    }

    private static List<string> ReadmeLines() => [.. File.ReadAllLines(Path.Combine(Root, "README.md"))];

    // The folders the layout section's code blocks name at the start of a line ("Config/    ..."); indented lines are subfolders.
    private static List<string> LayoutFolders(List<string> lines)
    {
        var start = lines.FindIndex(line => line.TrimEnd() == LayoutHeading);
        if (start < 0)
        {
            return [];
        }

        var folders = new List<string>();
        var inCode = false;
        foreach (var line in lines.Skip(start + 1).TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal)))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }
            else if (inCode && TopLevelEntry().Match(line) is { Success: true } entry)
            {
                folders.Add(entry.Groups["name"].Value);
            }
        }

        return [.. folders.Distinct(StringComparer.Ordinal)];
    }

    // The repository's own top-level folders: not hidden, not an output .gitignore names, and holding at least one file
    // that is not an ignored output (so a folder that only holds an old build's bin/ and obj/ does not count).
    private static List<string> TopLevelFolders()
    {
        var ignored = IgnoredPatterns();
        return [.. new DirectoryInfo(Root).GetDirectories()
            .Where(folder => !folder.Name.StartsWith('.') && !IsIgnored(folder.Name, ignored) && HoldsOwnFiles(folder, ignored))
            .Select(folder => folder.Name)
            .Order(StringComparer.Ordinal)];
    }

    private static bool HoldsOwnFiles(DirectoryInfo folder, List<Regex> ignored) =>
        folder.GetFiles().Any(file => !IsIgnored(file.Name, ignored))
        || folder.GetDirectories().Any(sub => !IsIgnored(sub.Name, ignored) && HoldsOwnFiles(sub, ignored));

    private static bool IsIgnored(string name, List<Regex> ignored) => ignored.Any(pattern => pattern.IsMatch(name));

    // Names and globs of .gitignore that match a file or folder name anywhere ("bin/", "*.user", "allure-results/").
    private static List<Regex> IgnoredPatterns()
    {
        var gitignore = Path.Combine(Root, ".gitignore");
        var lines = File.Exists(gitignore) ? File.ReadAllLines(gitignore) : [];
        return [.. AlwaysIgnored.Concat(lines)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.StartsWith('!'))
            .Select(line => line.Trim('/'))
            .Where(line => line.Length > 0 && !line.Contains('/', StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Select(glob => new Regex("^" + Regex.Escape(glob).Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$"))];
    }

    // The lines of the first code block after the Quick start heading, or nothing when there is no such heading.
    private static List<string> QuickStartBlock(List<string> lines)
    {
        var start = lines.FindIndex(line => line.TrimEnd() == QuickStartHeading);
        if (start < 0)
        {
            return [];
        }

        var open = lines.FindIndex(start + 1, line => line.StartsWith("```", StringComparison.Ordinal));
        if (open < 0)
        {
            return [];
        }

        return [.. lines.Skip(open + 1).TakeWhile(line => !line.StartsWith("```", StringComparison.Ordinal)).Select(line => line.Trim()).Where(line => line.Length > 0)];
    }

    // "page: [text](target) -> what is missing" for each relative link outside code whose target is not there.
    private static IEnumerable<string> BrokenLinks(string page)
    {
        var folder = Path.GetDirectoryName(page)!;
        var name = Path.GetRelativePath(Root, page).Replace('\\', '/');
        var inCode = false;
        foreach (var (line, number) in File.ReadAllLines(page).Select((line, index) => (line, index + 1)))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (inCode)
            {
                continue;
            }

            foreach (Match link in Link().Matches(InlineCode().Replace(line, "")))
            {
                var target = link.Groups["target"].Value;
                if (target.StartsWith('#') || target.StartsWith('/') || Scheme().IsMatch(target))
                {
                    continue;
                }

                var path = Uri.UnescapeDataString(target.Split('#', '?')[0]);
                var full = Path.GetFullPath(Path.Combine(folder, path));
                if (!File.Exists(full) && !Directory.Exists(full))
                {
                    yield return $"{name}:{number}: {link.Value} -> {Path.GetRelativePath(Root, full).Replace('\\', '/')} does not exist";
                }
            }
        }
    }

    [GeneratedRegex(@"^(?<name>[^\s/`]+)/(\s|$)")]
    private static partial Regex TopLevelEntry();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\[[^\]]*\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex Scheme();
}
