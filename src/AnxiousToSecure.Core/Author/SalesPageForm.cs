using System.ComponentModel.DataAnnotations;
using AnxiousToSecure.Core.Catalog;

namespace AnxiousToSecure.Core.Author;

/// <summary>The course page's sections as the settings form edits them: lists one item per line, FAQ as question/answer rows.</summary>
public sealed class SalesPageForm
{
    [StringLength(400, ErrorMessage = "Tagline: at most 400 characters.")]
    public string? Tagline { get; set; }

    public string? Description { get; set; }

    [StringLength(200, ErrorMessage = "Author name: at most 200 characters.")]
    public string? AuthorName { get; set; }

    [StringLength(200, ErrorMessage = "Credentials: at most 200 characters.")]
    public string? AuthorCredentials { get; set; }

    public string? AuthorBio { get; set; }

    /// <summary>One item per line.</summary>
    public string? ForYouIf { get; set; }

    /// <summary>One item per line.</summary>
    public string? NotForYouIf { get; set; }

    public List<FaqRow> Faq { get; set; } = [];

    public sealed class FaqRow
    {
        public string? Question { get; set; }
        public string? Answer { get; set; }
    }

    /// <summary>Empty rows the form offers for new questions.</summary>
    public const int BlankFaqRows = 2;

    public static SalesPageForm From(Course course)
    {
        var page = course.SalesPage;
        return new SalesPageForm
        {
            Tagline = course.Tagline,
            Description = course.Description,
            AuthorName = page.Author?.Name,
            AuthorCredentials = page.Author?.Credentials,
            AuthorBio = page.Author?.Bio,
            ForYouIf = string.Join('\n', page.ForYouIf),
            NotForYouIf = string.Join('\n', page.NotForYouIf),
            Faq = [.. page.Faq.Select(f => new FaqRow { Question = f.Question, Answer = f.Answer }), .. Enumerable.Range(0, BlankFaqRows).Select(_ => new FaqRow())],
        };
    }

    /// <summary>The page as saved; the photo stays as imported (the form does not upload one). Null with a reason when it cannot be saved.</summary>
    public (SalesPage? Page, string? Problem) ToSalesPage(AuthorProfile? before)
    {
        var name = AuthorName?.Trim() ?? "";
        var credentials = AuthorCredentials?.Trim() ?? "";
        var bio = Normalize(AuthorBio);
        if (name.Length == 0 && (credentials.Length > 0 || bio.Length > 0)) return (null, "Author name: give the author's name, or clear the author fields.");
        var faq = new List<FaqItem>();
        foreach (var row in Faq)
        {
            var q = row.Question?.Trim() ?? "";
            var a = Normalize(row.Answer);
            if (q.Length == 0 && a.Length == 0) continue;
            if (q.Length == 0 || a.Length == 0) return (null, "Questions: every question needs its answer, and every answer its question.");
            faq.Add(new FaqItem(q, a));
        }
        return (new SalesPage
        {
            Author = name.Length == 0 ? null : new AuthorProfile(name, credentials, bio, before?.Photo),
            ForYouIf = Lines(ForYouIf),
            NotForYouIf = Lines(NotForYouIf),
            Faq = faq,
        }, null);
    }

    private static List<string> Lines(string? text) =>
        [.. (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string Normalize(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
