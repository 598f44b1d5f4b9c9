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

    /// <summary>Folder where outgoing mail is written as .eml files (until SMTP delivery is configured).</summary>
    [Required]
    public string PickupDirectory { get; set; } = "";
}
