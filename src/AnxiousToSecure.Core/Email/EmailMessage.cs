using System.Net;

namespace AnxiousToSecure.Core.Email;

/// <param name="Name">Null: only the address, as given.</param>
public sealed record EmailAddress(string Address, string? Name = null);

/// <summary>An extra header line, kept in the order it was added.</summary>
public sealed record EmailHeader(string Name, string Value);

/// <summary>
/// An email as the rules write it, without a mail library's types; the SMTP adapter turns it into
/// MIME. Plain data: a retry that builds it again with the same Message-ID is the same message to a receiving server.
/// </summary>
public sealed record EmailMessage
{
    public required EmailAddress From { get; init; }

    public required EmailAddress To { get; init; }

    public required string Subject { get; init; }

    public required string TextBody { get; init; }

    /// <summary>Null: a plain-text message.</summary>
    public string? HtmlBody { get; init; }

    /// <summary>Without angle brackets. A fixed id lets a receiving server drop a duplicate; by default a new one.</summary>
    public string MessageId { get; init; } = NewMessageId();

    public DateTimeOffset Date { get; init; } = DateTimeOffset.Now;

    public IReadOnlyList<EmailHeader> Headers { get; init; } = [];

    /// <summary>A globally unique id on this host's name, the way mail libraries make one.</summary>
    public static string NewMessageId()
    {
        string host;
        try
        {
            host = Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            host = "localhost.localdomain";
        }
        return $"{Guid.NewGuid():N}@{(string.IsNullOrWhiteSpace(host) ? "localhost.localdomain" : host)}";
    }
}
