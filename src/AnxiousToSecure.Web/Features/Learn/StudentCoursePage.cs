using AnxiousToSecure.Core.Learn;
using AnxiousToSecure.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace AnxiousToSecure.Web.Features.Learn;

/// <summary>
/// Base of the student's own pages (dashboard, outline): loads her view of the course, and sends
/// anyone without an active enrollment to the course page with the reason.
/// </summary>
public abstract class StudentCoursePage : ComponentBase
{
    [Inject]
    private StudentCourseService Courses { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthState { get; set; } = default!;

    protected StudentCourse? View { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        var view = await Courses.GetForStudentAsync((await AuthState).User.UserId());
        if (view?.HasAccess == true)
        {
            View = view;
            return;
        }
        var reason = view?.Enrollment is null ? AccessDecision.NotEnrolled : AccessDecision.EnrollmentInactive;
        Navigation.NavigateTo($"?access={reason}");
    }
}
