namespace AnxiousToSecure.Core.Email;

/// <summary>The edge of the world for email: the adapter turns our <see cref="EmailMessage"/> into a real MIME message.</summary>
public interface IEmailTransport
{
    Task SendAsync(EmailMessage message, CancellationToken ct = default);
}
