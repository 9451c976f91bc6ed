namespace ImServerTests.TestCases.Support;

/// <summary>
/// The header of every regression fixture, in one place: the category the README's first command runs, the report's
/// epic, and cases that run side by side. A new fixture derives from this and needs nothing else; an
/// [AllureFeature("...")] of its own names it in the report, else its class name does. Cases that chain, like the
/// seed's, derive from <see cref="ChainedImServerFixture"/>.
/// </summary>
[Category(Categories.ImServer)]
[AllureEpic("IM server regression")]
[Parallelizable(ParallelScope.All)]
public abstract class ImServerFixture : ConnectionsFixture;
