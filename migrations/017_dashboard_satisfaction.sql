-- The public dashboard's satisfaction (backend/stats): each agency's ratings per Vietnam day they were given, as sums
-- the refresh asks of the feedback domain (feedback.service.ratings_per_agency_day), never single ratings. The
-- dashboard shows averages only over periods with at least feedback.service.MIN_RATINGS ratings.
alter table stats_agency_days
    add column ratings integer not null default 0,
    -- The nine criteria's points (0/1/2 each) of every rating, added up.
    add column rating_points_sum integer not null default 0,
    -- The overall scores (1–5) of every rating, added up.
    add column rating_overall_sum integer not null default 0;

-- A refresh reads the ratings given in its days.
create index ratings_rated_on_idx on ratings (rated_on);
