using System.ComponentModel.DataAnnotations;

namespace AnxiousToSecure.Core.Care;

/// <summary>Someone to ask: the address shown in the footer and on the purchases page.</summary>
public sealed class SupportOptions
{
    public const string Section = "Support";

    [Required(ErrorMessage = "The setting 'Support:Email' is required: every page shows whom to write to."),
     EmailAddress(ErrorMessage = "The setting 'Support:Email' must be an email address.")]
    public string Email { get; set; } = "";
}
