namespace AnxiousToSecure.Core.Email;

/// <summary>Delivers a message later, retrying until the mail server takes it (for email that must not be lost).</summary>
public interface IEmailOutbox
{
    void Enqueue(EmailMessage message);
}
