using System.Security.Cryptography;
using System.Text;

namespace ImServerTests.Server.Security;

/// <summary>--require-token: the upgrade needs "Authorization: Bearer TOKEN" or "?token=TOKEN", or it is refused with 401.</summary>
public static class TokenCheck
{
    public static bool Allows(HttpRequest request, string token)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        var bearer = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
        return Same(bearer, token) || Same(request.Query["token"].ToString(), token);
    }

    // Compared in constant time, as a credential should be.
    private static bool Same(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
