using MimeKit;

namespace AnxiousToSecure.Core.Email;

/// <summary>The edge of the world for email: everything above it builds a real MIME message.</summary>
public interface IEmailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct = default);
}
