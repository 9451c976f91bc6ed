using System.Globalization;
using ImServerTests.Load.Delivery;
using ImServerTests.TestKit.Scenarios;

namespace ImServerTests.Load.Users;

/// <summary>
/// The users a run plays: scenario files or folders named on the command line, and the built-in delivery user
/// (<c>delivery</c>), each optionally with a weight (FILE.yml:3, FOLDER:2, delivery:3); a folder gives each of its .yml
/// files. Users are shared out by weight, so with seed-conversation.yml:3 and seed-match-style.yml:1, three users of
/// four play the conversation.
/// </summary>
public sealed class ScenarioMix
{
    private ScenarioMix(IReadOnlyList<IVirtualUser> users) => Users = users;

    /// <summary>One entry a scenario file (and one for the delivery user): who plays it, and how many of the users.</summary>
    public IReadOnlyList<IVirtualUser> Users { get; }

    /// <summary>Reads the scenarios; a path that is missing, a bad weight or a file that does not read is a <see cref="ScenarioException"/>.</summary>
    public static ScenarioMix Load(IEnumerable<string> specs, string baseFolder)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var scenarios = new List<IVirtualUser>();
        foreach (var spec in specs)
        {
            var (path, weight) = Split(spec);
            if (path == DeliveryUser.CommandLineName)
            {
                scenarios.Add(new DeliveryUser(weight));
                continue;
            }

            var full = Path.GetFullPath(path, baseFolder);
            var files = Directory.Exists(full)
                ? Directory.GetFiles(full, "*.yml").Order(StringComparer.Ordinal).ToList()
                : File.Exists(full) ? [full] : throw new ScenarioException($"{path}: no such scenario file or folder");
            if (files.Count == 0)
            {
                throw new ScenarioException($"{path}: the folder holds no .yml scenario");
            }

            scenarios.AddRange(files.Select(file => new ScenarioUser(ScenarioReader.Read(file), Path.GetFileNameWithoutExtension(file), weight)));
        }

        if (scenarios.Count == 0)
        {
            throw new ScenarioException($"no scenario to play: name scenario files, a folder or {DeliveryUser.CommandLineName}");
        }

        var twice = scenarios.GroupBy(s => s.UserClass).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new ScenarioException($"{string.Join(" and ", twice.Select(s => s is ScenarioUser ? s.Name + ".yml" : $"the {s.Name} user"))} would both be the user class {twice.Key}: rename one");
        }

        return new ScenarioMix(scenarios);
    }

    public IVirtualUser? ByUserClass(string userClass) => Users.FirstOrDefault(s => s.UserClass == userClass);

    /// <summary>
    /// These users and the delivery user (weight 1) if it is not among them: a Locust worker plays whatever the master's
    /// locustfile spawns, and the locustfile always declares the delivery user.
    /// </summary>
    public ScenarioMix WithDelivery() =>
        Users.Any(u => u is DeliveryUser) ? this : new ScenarioMix([.. Users, new DeliveryUser(1)]);

    /// <summary>How many of <paramref name="users"/> play each scenario: by weight, the remainder to the heaviest first.</summary>
    public IReadOnlyDictionary<string, int> Share(int users)
    {
        var total = Users.Sum(s => s.Weight);
        var share = Users.ToDictionary(s => s.UserClass, s => users * s.Weight / total);
        var left = users - share.Values.Sum();
        foreach (var scenario in Users.OrderByDescending(s => s.Weight).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            if (left-- <= 0)
            {
                break;
            }

            share[scenario.UserClass]++;
        }

        return share;
    }

    private static (string Path, int Weight) Split(string spec)
    {
        var colon = spec.LastIndexOf(':');
        if (colon <= 1 || spec[(colon + 1)..].Any(c => !char.IsDigit(c)) || colon == spec.Length - 1)
        {
            return (spec, 1); // no weight (a Windows drive letter's colon is not one)
        }

        var weight = int.Parse(spec[(colon + 1)..], CultureInfo.InvariantCulture);
        return weight > 0 ? (spec[..colon], weight) : throw new ScenarioException($"{spec}: a weight is a whole number above 0");
    }
}
