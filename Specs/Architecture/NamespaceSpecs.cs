using System.Text.RegularExpressions;

namespace ImServerTests.Specs.Architecture;

/// <summary>
/// A type's namespace says where its file is: the project's root namespace, then the folders below the project, so a
/// reader who meets ImServerTests.TestKit.Scenarios.Har knows to open Framework/TestKit/Scenarios/Har/. Read from the
/// sources. The one exception is the Allure adapter's public names, which are the official Allure.NUnit's so that the
/// cases compile unchanged when it is swapped in (docs/report.md).
/// </summary>
[AllureEpic("Architecture")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Namespaces")]
public sealed partial class NamespaceSpecs
{
    private static readonly string Root = RepositoryRoot.Find();

    // The official adapter's namespaces, kept for the swap: nothing else may leave its folder's namespace.
    private static readonly string[] AllureNamespaces = ["Allure.NUnit", "Allure.NUnit.Attributes", "Allure.Net.Commons"];
    private const string AllureFolder = "Framework/TestKit/Reporting";

    [Test]
    public void Every_file_declares_the_namespace_of_its_project_and_folder()
    {
        var wrong = WrongNamespaces(Root, out var read);

        read.Should().BeGreaterThan(100, "the spec reads every source file of the repository's projects");
        wrong.Should().BeEmpty("a namespace names its project and folder, so a reader finds the file from the name");
    }

    [Test]
    public void A_file_whose_namespace_is_not_its_folders_is_named_with_the_namespace_expected()
    {
        using var folder = TemporaryFolder.Create("namespace-spec");
        var project = Path.Combine(folder.Path, "Lib");
        Directory.CreateDirectory(Path.Combine(project, "Inner"));
        Directory.CreateDirectory(Path.Combine(project, "obj"));
        File.WriteAllText(Path.Combine(project, "Lib.csproj"), "<Project><PropertyGroup><RootNamespace>Demo.Lib</RootNamespace></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(project, "Inner", "Thing.cs"), "namespace Demo.Lib.Other;\n");
        File.WriteAllText(Path.Combine(project, "Inner", "Right.cs"), "namespace Demo.Lib.Inner;\n");
        File.WriteAllText(Path.Combine(project, "obj", "Generated.cs"), "namespace Anything;\n");

        var wrong = WrongNamespaces(folder.Path, out var read);

        read.Should().Be(2, "the build's output is not a source");
        wrong.Should().Equal("Lib/Inner/Thing.cs declares Demo.Lib.Other, expected Demo.Lib.Inner");
    }

    /// <summary>Each source file under <paramref name="root"/> whose namespace is not its project's and folder's, one line each.</summary>
    private static List<string> WrongNamespaces(string root, out int read)
    {
        var projects = ProjectFolders(root);
        var wrong = new List<string>();
        read = 0;
        foreach (var (folder, rootNamespace) in projects)
        {
            foreach (var file in SourcesOf(folder, projects.Keys))
            {
                if (DeclaredNamespace(file) is not { } declared)
                {
                    continue; // top-level statements and assembly attributes
                }

                read++;
                var relative = Path.GetRelativePath(folder, Path.GetDirectoryName(file)!);
                var expected = relative == "." ? rootNamespace : rootNamespace + "." + relative.Replace(Path.DirectorySeparatorChar, '.');
                var shown = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
                var allowed = declared == expected || (shown.StartsWith(AllureFolder + "/", StringComparison.Ordinal) && AllureNamespaces.Contains(declared));
                if (!allowed)
                {
                    wrong.Add($"{shown} declares {declared}, expected {expected}");
                }
            }
        }

        return wrong;
    }

    /// <summary>Every project folder of the repository with its root namespace (the assembly name when none is set).</summary>
    private static Dictionary<string, string> ProjectFolders(string root) => Directory
        .EnumerateFiles(root, "*.csproj", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3 })
        .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"))
        .ToDictionary(path => Path.GetDirectoryName(path)!, RootNamespaceOf, StringComparer.Ordinal);

    private static string RootNamespaceOf(string projectFile) =>
        RootNamespacePattern().Match(File.ReadAllText(projectFile)) is { Success: true } match
            ? match.Groups[1].Value
            : Path.GetFileNameWithoutExtension(projectFile);

    // A project's sources: its .cs files, not those of a project inside it, nor the build's output.
    private static IEnumerable<string> SourcesOf(string folder, IEnumerable<string> projectFolders)
    {
        var nested = projectFolders.Where(other => other != folder && other.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList();
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(file => !Path.GetRelativePath(folder, file).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"))
            .Where(file => !nested.Any(inner => file.StartsWith(inner + Path.DirectorySeparatorChar, StringComparison.Ordinal)));
    }

    private static string? DeclaredNamespace(string file) =>
        NamespacePattern().Match(File.ReadAllText(file)) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"<RootNamespace>\s*([\w.]+)\s*</RootNamespace>")]
    private static partial Regex RootNamespacePattern();

    [GeneratedRegex(@"^namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespacePattern();
}
