using AnxiousToSecure.Core.Accounts;
using AnxiousToSecure.Core.Email;
using AnxiousToSecure.Core.Settings;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AnxiousToSecure.Core.Smtp;

/// <summary>Writes each message as an .eml file, named so that a listing sorts newest last.</summary>
public sealed class PickupFolderTransport(IOptions<EmailOptions> options, TimeProvider time) : IEmailTransport
{
    public async Task SendAsync(EmailMessage email, CancellationToken ct = default)
    {
        var message = MimeMessages.From(email);
        var folder = options.Value.PickupDirectory;
        Directory.CreateDirectory(folder);
        var name = $"{time.GetUtcNow():yyyyMMdd'T'HHmmssfff}-{Guid.NewGuid():N}.eml";
        var temp = Path.Combine(folder, name + ".tmp");
        try
        {
            await message.WriteToAsync(temp, ct);
            // Rename last, so that a reader never sees half a message.
            File.Move(temp, Path.Combine(folder, name));
        }
        catch
        {
            // A full or failing disk must not leave half a message behind: the caller retries the whole one.
            try
            {
                File.Delete(temp);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
            throw;
        }
    }

    public static IReadOnlyList<MimeMessage> ReadAll(string folder) =>
        !Directory.Exists(folder)
            ? []
            : [.. Directory.EnumerateFiles(folder, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))];
}
