"""nbgrader configuration of the course: the course root is this repository.

`python -m grader` uses the same settings in temporary course folders, so that instructor
state (gradebook.db, submitted/, autograded/, feedback/) never lands in the checkout.
"""
c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "dl-fundamentals"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.Execute.timeout = 60
