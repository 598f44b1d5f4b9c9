using System.ComponentModel.DataAnnotations;

namespace AnxiousToSecure.Core.Care;

/// <summary>The crisis resources page, from configuration, so an operator can list the lines for her students' countries.</summary>
public sealed class CareOptions
{
    public const string Section = "Care";

    [MinLength(1, ErrorMessage = "Care:EmergencyNumbers needs at least one entry: the crisis page must always say whom to call.")]
    public List<CrisisLine> EmergencyNumbers { get; set; } = [];

    public List<CrisisLine> CrisisLines { get; set; } = [];

    /// <summary>A directory for everywhere else (shown last).</summary>
    [Url]
    public string? DirectoryUrl { get; set; }
}

public sealed class CrisisLine
{
    [Required]
    public string Region { get; set; } = "";

    [Required]
    public string Contact { get; set; } = "";
}
