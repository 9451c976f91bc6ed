namespace Allure.Net.Commons;

/// <summary>Allure's severities, spelled as the report and Allure.Net.Commons spell them.</summary>
#pragma warning disable CA1707, IDE1006 // lower-case members: the names Allure.Net.Commons uses
public enum SeverityLevel
{
    blocker,
    critical,
    normal,
    minor,
    trivial,
}
#pragma warning restore CA1707, IDE1006
