namespace AnxiousToSecure.Core.Catalog;

/// <summary>
/// A paper the course cites, as written in <c>course-content/references.yml</c> and shown on the
/// references page. Lessons cite it with a footnote labelled by <see cref="Key"/> (<c>[^key]</c>).
/// </summary>
/// <param name="Doi">Without the resolver (<c>10.1037/fam0000420</c>); null when the paper has none listed.</param>
/// <param name="Pmc">The PubMed Central id, such as <c>PMC6126976</c>.</param>
/// <param name="Summary">What the paper did and found, in the course's own words.</param>
public sealed record Reference(
    string Key,
    string Authors,
    int Year,
    string Title,
    string Journal,
    string Volume,
    string? Issue,
    string Pages,
    string? Doi,
    string Pmc,
    string Summary)
{
    public string? DoiUrl => Doi is null ? null : $"https://doi.org/{Doi}";

    public string PmcUrl => $"https://pmc.ncbi.nlm.nih.gov/articles/{Pmc}/";

    /// <summary>The family name of the first author ("Cassidy" of "Cassidy, J., Jones, J. D., ...").</summary>
    public string FirstAuthor => Authors.Split(',', 2)[0].Trim();

    /// <summary>
    /// The citation as a lesson's footnote gives it, in Markdown (APA 7, journal and volume in
    /// italics, then the DOI and PMC links), so a lesson and the references page can never
    /// disagree: the course test compares them.
    /// </summary>
    public string FootnoteMarkdown =>
        $"{Authors} ({Year}). {Title}. *{Journal}, {Volume}*{(Issue is null ? "" : $"({Issue})")}, {Pages}." +
        (DoiUrl is null ? $" [{Pmc}]({PmcUrl})" : $" [{DoiUrl}]({DoiUrl}) · [{Pmc}]({PmcUrl})");
}

/// <summary>A reference as stored with the course (the import keeps the rows in the order of the file).</summary>
public sealed class CourseReference
{
    public int Id { get; set; }
    public int CourseId { get; set; }
    public Course? Course { get; set; }
    public required string Key { get; set; }
    public int Position { get; set; }
    public required string Authors { get; set; }
    public int Year { get; set; }
    public required string Title { get; set; }
    public required string Journal { get; set; }
    public string Volume { get; set; } = "";
    public string? Issue { get; set; }
    public string Pages { get; set; } = "";
    public string? Doi { get; set; }
    public required string Pmc { get; set; }
    public string Summary { get; set; } = "";
    public DateTimeOffset UpdatedAt { get; set; }

    public Reference ToReference() => new(Key, Authors, Year, Title, Journal, Volume, Issue, Pages, Doi, Pmc, Summary);

    public void CopyFrom(Reference r)
    {
        Authors = r.Authors;
        Year = r.Year;
        Title = r.Title;
        Journal = r.Journal;
        Volume = r.Volume;
        Issue = r.Issue;
        Pages = r.Pages;
        Doi = r.Doi;
        Pmc = r.Pmc;
        Summary = r.Summary;
    }
}
