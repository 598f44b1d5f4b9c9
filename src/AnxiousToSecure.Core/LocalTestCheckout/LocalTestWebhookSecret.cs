using System.Security.Cryptography;

namespace AnxiousToSecure.Core.LocalTestCheckout;

/// <summary>
/// Signs the local test checkout's events. Random for each run of the app and never written anywhere: the
/// app signs and checks its own events in the same process, so nobody else (another machine on the network,
/// a page in the browser) can post an event the webhook would accept.
/// </summary>
public sealed class LocalTestWebhookSecret
{
    public string Value { get; } = "whsec_local_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
