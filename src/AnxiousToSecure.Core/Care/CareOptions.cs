using System.ComponentModel.DataAnnotations;

namespace AnxiousToSecure.Core.Care;

/// <summary>The crisis resources page, from configuration, so an operator can list the lines for her students' countries.</summary>
public sealed class CareOptions : IValidatableObject
{
    public const string Section = "Care";

    /// <summary>Digits, spaces, dashes and a leading plus: what a <c>tel:</c> or <c>sms:</c> link can dial as written.</summary>
    internal const string Dialable = @"^\+?[0-9][0-9 \-]*$";

    [MinLength(1, ErrorMessage = "Care:Regions needs at least one entry: the crisis page must always say whom to call.")]
    public List<CareRegion> Regions { get; set; } = [];

    /// <summary>A directory for everywhere else (shown last).</summary>
    [Url]
    public string? DirectoryUrl { get; set; }

    // ValidateDataAnnotations checks only the top level; a region or line without a number must stop the start too.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var r = 0; r < Regions.Count; r++)
        {
            foreach (var error in Check(Regions[r], $"Care:Regions:{r}")) yield return error;
            if (Regions[r].Countries.FirstOrDefault(c => !CrisisDirectory.IsCountryCode(c)) is { } wrong)
            {
                yield return new ValidationResult($"Care:Regions:{r}:Countries: '{wrong}' is not an upper-case two-letter country code such as GB.");
            }
            for (var l = 0; l < Regions[r].Lines.Count; l++)
            {
                foreach (var error in Check(Regions[r].Lines[l], $"Care:Regions:{r}:Lines:{l}")) yield return error;
                if (Regions[r].Lines[l] is { TextWord: not null, Text: null })
                {
                    yield return new ValidationResult($"Care:Regions:{r}:Lines:{l}:TextWord needs a Text number to send it to.");
                }
            }
        }
    }

    private static IEnumerable<ValidationResult> Check(object item, string path)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(item, new ValidationContext(item), results, validateAllProperties: true);
        return results.Select(e => new ValidationResult($"{path}: {e.ErrorMessage}", [.. e.MemberNames.Select(m => $"{path}:{m}")]));
    }
}

/// <summary>A country, or countries sharing the same numbers, with its emergency number and crisis lines.</summary>
public sealed class CareRegion
{
    /// <summary>As the visitor reads it: "United Kingdom".</summary>
    [Required]
    public string Name { get; set; } = "";

    /// <summary>
    /// ISO 3166-1 alpha-2 codes (GB, US, AU...) this region serves: matched against the region of the
    /// visitor's languages (en-GB) and used in the "another country" links.
    /// </summary>
    [MinLength(1)]
    public List<string> Countries { get; set; } = [];

    [Required, RegularExpression(CareOptions.Dialable, ErrorMessage = "Emergency must be a number to dial, such as 999.")]
    public string Emergency { get; set; } = "";

    public List<CareLine> Lines { get; set; } = [];
}

/// <summary>Someone to talk to: a number to call and, where the service answers texts, one to text.</summary>
public sealed class CareLine
{
    /// <summary>The service's name, where the operator has one ("Samaritans").</summary>
    public string? Name { get; set; }

    [Required, RegularExpression(CareOptions.Dialable, ErrorMessage = "Call must be a number to dial, such as 116 123.")]
    public string Call { get; set; } = "";

    /// <summary>Only where the service takes text messages; no text button otherwise.</summary>
    [RegularExpression(CareOptions.Dialable, ErrorMessage = "Text must be a number to text, such as 988.")]
    public string? Text { get; set; }

    /// <summary>
    /// The word to send, where the service asks for one ("text START to 88788"): the button says it and
    /// the message opens with it already written. Only with <see cref="Text"/>.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9]+$", ErrorMessage = "TextWord must be one word to text, such as START.")]
    public string? TextWord { get; set; }

    /// <summary>A short fact the operator knows about it ("free, day or night").</summary>
    public string? Note { get; set; }
}
