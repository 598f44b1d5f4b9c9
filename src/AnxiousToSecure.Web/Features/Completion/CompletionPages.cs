using AnxiousToSecure.Core.Completion;
using AnxiousToSecure.Core.Learn;
using Microsoft.AspNetCore.Components;

namespace AnxiousToSecure.Web.Features.Completion;

/// <summary>
/// The completion pages answer as her other pages do: without an active enrollment she goes to the
/// course page with the reason (as <see cref="Learn.StudentCoursePage"/> sends her); not yet complete,
/// the page itself says so.
/// </summary>
internal static class CompletionPages
{
    public static void Follow(CompletionResult result, NavigationManager navigation)
    {
        switch (result.Decision)
        {
            case CompletionDecision.SignInRequired:
                navigation.NavigateTo($"Account/Login?returnUrl={Uri.EscapeDataString("/" + navigation.ToBaseRelativePath(navigation.Uri))}");
                break;
            case CompletionDecision.NotEnrolled:
                navigation.NavigateTo($"?access={AccessDecision.NotEnrolled}");
                break;
            case CompletionDecision.EnrollmentInactive:
                navigation.NavigateTo($"?access={AccessDecision.EnrollmentInactive}");
                break;
        }
    }
}
