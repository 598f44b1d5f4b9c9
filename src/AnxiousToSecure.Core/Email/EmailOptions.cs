using System.ComponentModel.DataAnnotations;

namespace AnxiousToSecure.Core.Email;

public sealed class EmailOptions
{
    public const string Section = "Email";

    [Required, EmailAddress]
    public string FromAddress { get; set; } = "";

    /// <summary>Discreet on purpose: it shows in inboxes that others may glance at.</summary>
    [Required]
    public string FromName { get; set; } = "Course team";

    /// <summary>Development without an SMTP host: outgoing mail is written here as .eml files (see /dev/mailbox).</summary>
    [Required]
    public string PickupDirectory { get; set; } = "";

    /// <summary>The site's public address, for links in emails sent outside a request (lesson reminders).</summary>
    [Required, Url]
    public string PublicBaseUrl { get; set; } = "";

    public Uri Link(string relative) => new(new Uri(PublicBaseUrl.TrimEnd('/') + "/"), relative.TrimStart('/'));
}
