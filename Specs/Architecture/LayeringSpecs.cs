using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ImServerTests.Specs.Architecture;

/// <summary>
/// Dependencies point one way (the house rule of that name: TestCases -> Api -> Client, the test side joins Config and
/// Api, the server shares no protocol code with the suite), read from the built assemblies, not from the project
/// files: an assembly's AssemblyRef table (what Assembly.GetReferencedAssemblies returns) says which assemblies its
/// code uses, and its TypeRef table lists every type of another assembly it names, in a signature, a body or an
/// attribute. Both are read with System.Reflection.Metadata, so nothing is loaded or run. What a library pulls in
/// with it, packages included, is read from the .deps.json the build writes beside it. A failure names the
/// offending reference (A -> B), type (A uses T) or package (A pulls in P).
/// </summary>
[AllureEpic("Architecture")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Layering")]
public sealed class LayeringSpecs
{
    private const string Prefix = "ImServerTests.";
    private const string Server = "ImServerTests.Server";
    private const string TestCases = "ImServerTests.TestCases";
    private const string Yaml = "ImServerTests.Yaml";
    private const string Shared = "ImServerTests.Shared";
    private const string Conformance = "ImServerTests.Conformance";
    private const string Cli = "ImServerTests.Cli";
    private const string Client = "ImServerTests.Client";
    private const string Api = "ImServerTests.Api";
    private const string Config = "ImServerTests.Config";
    private const string TestKit = "ImServerTests.TestKit";
    private const string Specs = "ImServerTests.Specs";

    private static readonly string Root = RepositoryRoot.Find();

    // What starting the embedded server takes: EmbeddedServer (its start from the run's variables); never its faults,
    // sessions or protocol, which the embedded server reads for itself.
    private static readonly string[] StartingTheServer = [Server];

    // The projects are built with this test assembly's configuration and framework (bin/CONFIGURATION/FRAMEWORK/).
    private static readonly DirectoryInfo Output = new(AppContext.BaseDirectory);

    /// <summary>Every project of the repository by assembly name, with the folder its project file is in.</summary>
    private static readonly IReadOnlyDictionary<string, string> Projects = Directory
        .EnumerateFiles(Root, "*.csproj", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 })
        .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"))
        .ToDictionary(path => Path.GetFileNameWithoutExtension(path), path => Path.GetDirectoryName(path)!, StringComparer.Ordinal);

    /// <summary>The programs behind the suite (recorder, fault proof, load, benchmarks, and any added to Tools/).</summary>
    private static readonly IReadOnlyList<string> Tools = Projects
        .Where(p => Path.GetRelativePath(Root, p.Value).Split(Path.DirectorySeparatorChar)[0] == "Tools")
        .Select(p => p.Key)
        .Order(StringComparer.Ordinal)
        .ToList();

    [Test]
    public void The_projects_this_spec_names_are_the_repositorys()
    {
        Projects.Keys.Should().Contain([Server, TestCases, Yaml, Shared, Conformance, Cli, Client, Api, Config, TestKit, Specs]);
        Tools.Should().Contain(["ImServerTests.Recorder", "ImServerTests.FaultProof", "ImServerTests.Load", "ImServerTests.Benchmarks"]);
    }

    [Test]
    public void The_server_references_no_suite_assembly_but_the_command_line()
    {
        var forbidden = SuiteReferences(Server).Where(name => name != Cli).Select(name => $"{Server} -> {name}");

        SuiteReferences(Server).Should().Contain(Cli, "the server parses its command line with Cli");
        forbidden.Should().BeEmpty("the server is the system under test's stand-in and shares no protocol or checking code with the suite");
    }

    [Test]
    public void The_command_line_library_references_no_suite_assembly()
    {
        SuiteReferences(Cli).Should().BeEmpty("the server takes Cli, so nothing of the suite's protocol or checking code may come with it");
    }

    [TestCase(Config, "System.CommandLine")]
    [TestCase(Config, "Spectre.Console")]
    [TestCase(Client, "System.CommandLine")]
    [TestCase(Client, "Spectre.Console")]
    [TestCase(Api, "System.CommandLine")]
    [TestCase(Api, "Spectre.Console")]
    [TestCase(Server, "JsonSchema.Net")]
    [TestCase(Server, Conformance)]
    [TestCase(Server, "YamlDotNet")]
    public void A_library_does_not_pull_in_what_it_does_not_use(string library, string package)
    {
        var pulledIn = Dependencies(library);

        pulledIn.Should().NotBeEmpty("{0}.deps.json lists at least the library itself", library);
        pulledIn.Should().NotContain(package,
            "the suite's libraries need no command line, and the server checks no contract; whatever {0} pulls in reaches every project that takes it", library);
    }

    [TestCase(Config)]
    [TestCase(Client)]
    [TestCase(Api)]
    [TestCase(Yaml)]
    [TestCase(Shared)]
    [TestCase(Conformance)]
    [TestCase(Cli)]
    [TestCase(TestKit)]
    public void A_library_references_neither_the_server_nor_the_test_cases_nor_a_tool(string library)
    {
        string[] above = [Server, TestCases, Specs, .. Tools];

        var forbidden = SuiteReferences(library).Where(above.Contains).Select(name => $"{library} -> {name}");

        forbidden.Should().BeEmpty("the libraries are what the suite and its tools stand on; nothing they hold may depend on what stands on them");
    }

    [Test]
    public void The_client_knows_neither_the_Api_nor_the_configuration()
    {
        var forbidden = SuiteReferences(Client).Where(name => name is Api or Config).Select(name => $"{Client} -> {name}");

        forbidden.Should().BeEmpty("TestCases -> Api -> Client: the client sends and receives text, the test side gives it its settings");
    }

    [Test]
    public void The_Api_and_the_configuration_know_nothing_of_each_other()
    {
        var forbidden = SuiteReferences(Api).Where(name => name == Config).Select(name => $"{Api} -> {name}")
            .Concat(SuiteReferences(Config).Where(name => name is Api or Client).Select(name => $"{Config} -> {name}"));

        forbidden.Should().BeEmpty("the test side joins Config and Api; neither reads the other");
    }

    [Test]
    public void The_test_cases_use_the_server_only_to_start_it()
    {
        var used = TypesUsedFrom(TestCases, Server);

        var beyondStartingIt = used.Where(type => !StartingTheServer.Contains(Namespace(type))).Select(type => $"{TestCases} uses {type}");

        used.Should().NotBeEmpty("the regression starts the embedded server in-process");
        beyondStartingIt.Should().BeEmpty("the test cases start the server (ImServer, its options, the fault and conversation settings); "
                + "its protocol and sessions are the server's own, or a bug in shared message code would hide itself");
    }

    /// <summary>The repository's assemblies that <paramref name="assembly"/> references, by name.</summary>
    private static IReadOnlyList<string> SuiteReferences(string assembly)
    {
        using var file = Read(assembly, out var metadata);
        return metadata.AssemblyReferences
            .Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name))
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every library <paramref name="assembly"/> pulls in (projects and packages, its own dependencies' too), by name.</summary>
    private static IReadOnlyList<string> Dependencies(string assembly)
    {
        Projects.Should().ContainKey(assembly, "every assembly this spec names has a project in the repository");
        var path = Path.Combine(Projects[assembly], "bin", Output.Parent!.Name, Output.Name, assembly + ".deps.json");
        File.Exists(path).Should().BeTrue($"{path} is written by the build of {assembly}");
        using var deps = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        return [.. deps.RootElement.GetProperty("libraries").EnumerateObject().Select(library => library.Name.Split('/')[0]).Order(StringComparer.Ordinal)];
    }

    /// <summary>The full names of the types of <paramref name="from"/> that <paramref name="assembly"/> uses (nested types as Outer+Inner).</summary>
    private static IReadOnlyList<string> TypesUsedFrom(string assembly, string from)
    {
        using var file = Read(assembly, out var metadata);
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in metadata.TypeReferences)
        {
            var (scope, fullName) = Resolve(metadata, handle);
            if (scope.Kind == HandleKind.AssemblyReference
                && metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name) == from)
            {
                used.Add(fullName);
            }
        }

        return [.. used];
    }

    // A nested type's reference is scoped by its declaring type's; the outermost one names the assembly.
    private static (EntityHandle Scope, string FullName) Resolve(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var type = metadata.GetTypeReference(handle);
        var name = metadata.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            var (scope, outer) = Resolve(metadata, (TypeReferenceHandle)type.ResolutionScope);
            return (scope, $"{outer}+{name}");
        }

        var ns = metadata.GetString(type.Namespace);
        return (type.ResolutionScope, ns.Length == 0 ? name : $"{ns}.{name}");
    }

    private static string Namespace(string fullName)
    {
        var outer = fullName.Split('+')[0];
        var dot = outer.LastIndexOf('.');
        return dot < 0 ? "" : outer[..dot];
    }

    private static PEReader Read(string assembly, out MetadataReader metadata)
    {
        Projects.Should().ContainKey(assembly, "every assembly this spec names has a project in the repository");
        var path = Path.Combine(Projects[assembly], "bin", Output.Parent!.Name, Output.Name, assembly + ".dll");
        File.Exists(path).Should().BeTrue($"{path} is built with the specs (build the solution, or Specs, which builds every project it reads)");
        var reader = new PEReader(File.OpenRead(path));
        metadata = reader.GetMetadataReader();
        return reader;
    }
}
