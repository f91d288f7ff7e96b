namespace PortWatch.Security;

/// <summary>What a request's basic auth credentials came to.</summary>
internal enum BasicAuthResult
{
    /// <summary>A configured user with the right password.</summary>
    Success,

    /// <summary>No <c>Authorization: Basic</c> header, or one that is not base64 of <c>user:password</c>.</summary>
    Missing,

    /// <summary>A wrong password, or a user the file does not name: the two cost the same and answer the same.</summary>
    Rejected,

    /// <summary>Not checked: the bcrypt queue was full (<see cref="BcryptQueue"/>). The request gets 429 at once.</summary>
    Throttled,
}
