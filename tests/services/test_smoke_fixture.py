from tests.factories import make_comment, make_post, make_user


def test_fixtures_make_a_thread(session):
    author = make_user(session, "ada")
    post = make_post(session, author)
    make_comment(session, make_user(session), post)
    session.commit()
    session.refresh(post)
    assert post.comment_count == 1
