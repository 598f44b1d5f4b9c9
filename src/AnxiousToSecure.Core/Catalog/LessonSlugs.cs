namespace AnxiousToSecure.Core.Catalog;

/// <summary>
/// The addresses under /learn that are pages of their own (the outline, the references, the
/// completion page and the certificate): never a lesson's slug, so a form posted to one of them
/// is never taken for "mark this lesson complete".
/// </summary>
public static class LessonSlugs
{
    public static readonly IReadOnlySet<string> Reserved =
        new HashSet<string>(["outline", "references", "complete", "certificate"], StringComparer.OrdinalIgnoreCase);

    public static bool IsReserved(string slug) => Reserved.Contains(slug);
}

/// <summary>Refuses a reserved slug in the lesson editor, with the address it would have hidden.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotReservedSlugAttribute : System.ComponentModel.DataAnnotations.ValidationAttribute
{
    public override bool IsValid(object? value) => value is not string slug || !LessonSlugs.IsReserved(slug);

    public override string FormatErrorMessage(string name) =>
        $"Slug: {string.Join(", ", LessonSlugs.Reserved.Order())} are pages of their own under /learn; choose another web address.";
}
